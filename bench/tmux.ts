/**
Drive a process in a private tmux server (`tmux -L evnews-bench-<pid>`, no user config) and time how long it
takes until some text appears on the pane, polling `capture-pane` every 5 ms.
*/
import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export function shellQuote(value: string): string {
	return `'${value.replaceAll('\'', String.raw`'\''`)}'`;
}

export type TmuxRun = {ms: number; found: boolean; pid: number | undefined; screen: string};

const defaultSize = {columns: 160, rows: 45};

export class Tmux {
	readonly socket = `evnews-bench-${process.pid}`;
	private readonly config: string;
	private readonly env: NodeJS.ProcessEnv;
	private readonly size: {columns: number; rows: number};
	private sessions = 0;
	private started = false;

	constructor(directory: string, env: NodeJS.ProcessEnv, size: {columns: number; rows: number} = defaultSize) {
		this.env = env;
		this.size = size;
		this.config = path.join(directory, 'tmux.conf');
		fs.writeFileSync(this.config, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 100\n');
	}

	async tmux(...args: string[]): Promise<string> {
		const {stdout} = await execFileAsync('tmux', ['-L', this.socket, '-f', this.config, ...args], {env: this.env, maxBuffer: 4 * 1024 * 1024});
		return stdout;
	}

	/** Start the server with an idle session, so each run does not pay the server start. */
	async start(): Promise<void> {
		if (!this.started) {
			await this.tmux('new-session', '-d', '-s', 'keep', '-x', String(this.size.columns), '-y', String(this.size.rows), 'exec sleep 100000');
			this.started = true;
		}
	}

	/**
	Start `command` (a shell command; use `exec`) in a new session, then poll the pane every `intervalMs`
	until `text` appears or `timeoutMs` passes. The clock starts just before `tmux new-session` is spawned.
	`whileUp` runs after the text appeared, with the pane's pid, before the session is killed.
	*/
	async timeUntil(
		command: string,
		text: string,
		options: {intervalMs?: number; timeoutMs?: number; whileUp?: (pid: number | undefined, session: string) => Promise<void>} = {},
	): Promise<TmuxRun> {
		await this.start();
		const name = `run${++this.sessions}`;
		const started = performance.now();
		await this.tmux('new-session', '-d', '-s', name, '-x', String(this.size.columns), '-y', String(this.size.rows), command);
		let screen = '';
		let found = false;
		let ms = Number.NaN;
		const deadline = started + (options.timeoutMs ?? 15_000);
		while (performance.now() < deadline) {
			screen = await this.tmux('capture-pane', '-p', '-t', name);
			if (screen.includes(text)) {
				ms = performance.now() - started;
				found = true;
				break;
			}

			await new Promise(resolve => {
				setTimeout(resolve, options.intervalMs ?? 5);
			});
		}

		let pid: number | undefined;
		try {
			pid = Number((await this.tmux('display-message', '-p', '-t', name, '#{pane_pid}')).trim()) || undefined;
		} catch {}

		try {
			await options.whileUp?.(pid, name);
		} finally {
			await this.tmux('kill-session', '-t', name).catch(() => '');
		}

		return {ms, found, pid, screen};
	}

	/**
	A control-mode client (`tmux -C`) that stays attached: `send(command)` writes one tmux command to it, so sending a
	key costs no client process start (a spawned `tmux send-keys` costs tens of ms on a loaded machine).
	*/
	async control(): Promise<{send(command: string): void; close(): void}> {
		await this.start();
		const child = spawn('tmux', ['-L', this.socket, '-f', this.config, '-C', 'attach', '-t', 'keep'], {env: this.env, stdio: ['pipe', 'pipe', 'ignore']});
		child.stdout.resume();
		return {
			send(command: string) {
				child.stdin.write(command + '\n');
			},
			close() {
				child.stdin.end();
				child.kill();
			},
		};
	}

	async close(): Promise<void> {
		if (this.started) {
			await this.tmux('kill-server').catch(() => '');
			this.started = false;
			// Kill-server can leave the socket file behind.
			const directory = path.join(this.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
			fs.rmSync(path.join(directory, this.socket), {force: true});
		}
	}
}

/** VmHWM (peak RSS) of a live process in MiB, or NaN. */
export function peakRssOf(pid: number | undefined): number {
	if (!pid) {
		return Number.NaN;
	}

	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/^VmHWM:\s+(\d+) kB/m.exec(text)?.[1] ?? Number.NaN) / 1024;
	} catch {
		return Number.NaN;
	}
}
