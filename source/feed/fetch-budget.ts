/**
The time budget of one request: the overall deadline, one phase timer at a time (headers, then body idle) and
the reason the request was stopped. Every timer counts network time only: when it expires, the time the event
loop was blocked since it was armed (synchronous `timeBusy` sections, and the timer's own lateness) is credited
back and the timer re-armed for that long, up to `limits.timerCreditMaxMs` in all.
*/
// The global performance: importing node:perf_hooks costs start-up time (about 2 ms) for the same clock.
import {busyMs, monotonicMs} from './busy-clock.js';
import {FeedError} from './errors.js';
import {limits} from './limits.js';

export type RequestBudget = {
	/** Aborted when a timer expires or the caller cancels; its reason is the stop reason. */
	signal: AbortSignal;
	/** Why the request was stopped, if it was. */
	stopReason(): FeedError | undefined;
	/** Arm the phase timer (replacing the previous one). */
	phase(ms: number, reason: () => FeedError): void;
	clearPhase(): void;
	/** Clear every timer and listener. */
	dispose(): void;
};

export type BudgetOptions = {
	deadlineMs: number;
	signal?: AbortSignal;
};

/** `1 s`, `0.3 s`. */
export function seconds(ms: number): string {
	const s = ms / 1000;
	return `${Number.isInteger(s) ? s : Number(s.toFixed(1))} s`;
}

/**
How long to re-arm an expired timer for: the time the loop was blocked since it was armed (busy sections, or the
timer's lateness, whichever is larger: they overlap), or 0 to let it fire. Pure, for tests.
*/
export function timerCredit(input: {busyMs: number; latenessMs: number; creditedMs: number; slackMs?: number; maxCreditMs?: number}): number {
	const slack = input.slackMs ?? limits.timerSlackMs;
	const cap = input.maxCreditMs ?? limits.timerCreditMaxMs;
	const blocked = Math.max(input.busyMs, input.latenessMs);
	if (blocked <= slack) {
		return 0;
	}

	return Math.max(0, Math.min(blocked, cap - input.creditedMs));
}

type CreditedTimer = {clear(): void};

/** A timeout that fires after `ms` of time not spent blocked. */
function creditedTimeout(ms: number, onExpire: () => void): CreditedTimer {
	let timer: NodeJS.Timeout | undefined;
	let credited = 0;
	const arm = (delay: number) => {
		const armedAt = monotonicMs();
		const busyAtArm = busyMs();
		timer = setTimeout(() => {
			const credit = timerCredit({
				busyMs: busyMs() - busyAtArm,
				latenessMs: monotonicMs() - armedAt - delay,
				creditedMs: credited,
			});
			if (credit > 0) {
				credited += credit;
				arm(credit);
				return;
			}

			onExpire();
		}, delay);
	};

	arm(ms);
	return {
		clear() {
			clearTimeout(timer);
		},
	};
}

export function createBudget(options: BudgetOptions): RequestBudget {
	if (options.signal?.aborted) {
		throw new FeedError('network', 'cancelled');
	}

	const controller = new AbortController();
	let reason: FeedError | undefined;
	const stop = (error: FeedError) => {
		reason ??= error;
		controller.abort(reason);
	};

	const deadline = creditedTimeout(options.deadlineMs, () => {
		stop(new FeedError('timeout', `timeout after ${seconds(options.deadlineMs)}`));
	});
	const onCallerAbort = () => {
		stop(new FeedError('network', 'cancelled'));
	};

	options.signal?.addEventListener('abort', onCallerAbort, {once: true});
	let phaseTimer: CreditedTimer | undefined;
	return {
		signal: controller.signal,
		stopReason: () => reason,
		phase(ms, phaseReason) {
			phaseTimer?.clear();
			phaseTimer = creditedTimeout(ms, () => {
				stop(phaseReason());
			});
		},
		clearPhase() {
			phaseTimer?.clear();
		},
		dispose() {
			deadline.clear();
			phaseTimer?.clear();
			options.signal?.removeEventListener('abort', onCallerAbort);
		},
	};
}
