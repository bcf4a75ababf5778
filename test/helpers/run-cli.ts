import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {checkCliOutput} from './json-schema.js';

export const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/**
Run the built CLI (`dist/cli.js`, built by `npm test` before ava) as a real child process.
Every `--json` / `--jsonl` output is checked against its published schema (`evnews schema NAME`): a mismatch rejects,
so each test that runs the CLI also tests the schema (`skipSchema` for tests that feed it something else on purpose).
*/
export async function runCli(
	args: string[],
	options: {env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number; skipSchema?: boolean} = {},
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {
			env: options.env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const error: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => error.push(chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, options.timeoutMs ?? 45_000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const stdout = Buffer.concat(out).toString('utf8');
			const mismatch = options.skipSchema || signal !== null ? undefined : checkCliOutput(args, stdout);
			if (mismatch) {
				reject(new Error(mismatch));
				return;
			}

			resolve({code, signal, stdout, stderr: Buffer.concat(error).toString('utf8')});
		});
		child.stdin.end(options.input ?? '');
	});
}

/** Run `node ...args` as a child process and collect stdout and stderr together (for helper processes racing each other). */
export async function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; output: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		child.on('close', code => {
			resolve({code, output});
		});
	});
}
