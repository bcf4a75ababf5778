import {limits} from '../feed/limits.js';
import type {Post, PostContent} from '../feed/types.js';
import {type Marks, MarksError} from '../store/marks.js';

/**
The reader's marks, written off the render path. Each mark is queued and written in order; a write that finds
the marks lock held (another evnews compacting or appending) gives up at once, and the queue tries again later,
backing off from `marksRetryFirstMs` to `marksRetryMaxMs`. So a held lock never blocks a frame. `drain()` on quit
waits for the lock (up to `marksDrainTimeoutMs`), so nothing queued is dropped.
*/

export type MarkJob
	= | {type: 'mark-read' | 'mark-unread' | 'unstar'; ids: string[]}
		| {type: 'star'; posts: Array<Post & Partial<PostContent>>};

export type MarksQueue = {
	push(job: MarkJob): void;
	/** Jobs not written yet. */
	pending(): number;
	/** Write everything left, waiting for the lock; returns the errors of jobs that could not be written. */
	drain(): string[];
};

function apply(marks: Marks, job: MarkJob): void {
	switch (job.type) {
		case 'mark-read': {
			marks.markRead(job.ids);
			break;
		}

		case 'mark-unread': {
			marks.markUnread(job.ids);
			break;
		}

		case 'star': {
			marks.star(job.posts);
			break;
		}

		case 'unstar': {
			marks.unstar(job.ids);
			break;
		}
	}
}

export function marksQueue(marks: Marks, onError: (message: string) => void, timers: {setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout} = globalThis): MarksQueue {
	const jobs: MarkJob[] = [];
	let timer: NodeJS.Timeout | undefined;
	let delay: number = limits.marksRetryFirstMs;

	const run = () => {
		timer = undefined;
		marks.lockTimeoutMs = 0;
		while (jobs.length > 0) {
			try {
				apply(marks, jobs[0]!);
			} catch (error) {
				if (error instanceof MarksError && error.locked) {
					timer = timers.setTimeout(run, delay);
					delay = Math.min(delay * 2, limits.marksRetryMaxMs);
					return;
				}

				// Not a busy lock (a full disk, a bad clock): said once, and the job is dropped, as the CLI would fail.
				onError((error as Error).message);
			}

			jobs.shift();
			delay = limits.marksRetryFirstMs;
		}
	};

	return {
		push(job) {
			jobs.push(job);
			if (timer === undefined) {
				// Soon, but not in the keypress that queued it: the frame goes first.
				timer = timers.setTimeout(run, 0);
			}
		},
		pending: () => jobs.length,
		drain() {
			if (timer !== undefined) {
				timers.clearTimeout(timer);
				timer = undefined;
			}

			const errors: string[] = [];
			marks.lockTimeoutMs = limits.marksDrainTimeoutMs;
			for (const job of jobs.splice(0)) {
				try {
					apply(marks, job);
				} catch (error) {
					errors.push((error as Error).message);
				}
			}

			return errors;
		},
	};
}
