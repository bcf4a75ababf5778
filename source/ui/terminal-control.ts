import {spawnSync} from 'node:child_process';
import process from 'node:process';

export const enterAlternateScreen = '\u001B[?1049h\u001B[H\u001B[2J';
export const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';

type Options = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	env: NodeJS.ProcessEnv;
	/** Whether the reader is on the alternate screen now (run-reader's flag), and a setter. */
	onScreen(): boolean;
	setOnScreen(value: boolean): void;
	/** Forget what Ink drew (its next frame is drawn in full): the Ink instance's clear(). */
	forgetFrame(): void;
};

/**
Giving the terminal to someone else and taking it back, for a terminal browser run in the foreground and for
Ctrl-Z. Leaving: the normal screen, the cursor shown, raw mode off. Coming back: the alternate screen, raw mode on,
and Ink's next frame drawn in full.
*/
export function terminalControl(options: Options) {
	const {stdin, stdout} = options;
	const release = () => {
		if (stdin.isTTY) {
			stdin.setRawMode(false);
		}

		if (options.onScreen()) {
			stdout.write(leaveAlternateScreen);
			options.setOnScreen(false);
		}
	};

	const restore = () => {
		if (!options.onScreen()) {
			stdout.write(enterAlternateScreen);
			options.setOnScreen(true);
		}

		if (stdin.isTTY) {
			stdin.setRawMode(true);
		}

		options.forgetFrame();
	};

	return {
		/**
		Run a command on the terminal and wait for it. spawnSync blocks the event loop meanwhile, so the reader
		neither draws nor reads a key the command should get.
		*/
		async runForeground(command: string, args: string[]): Promise<number | undefined> {
			release();
			try {
				const result = spawnSync(command, args, {stdio: 'inherit', env: options.env, shell: false});
				if (result.error) {
					throw result.error;
				}

				return result.status ?? undefined;
			} finally {
				restore();
			}
		},
		/** Ctrl-Z: stop the process group as the terminal would; SIGCONT (`fg`) restores the screen. */
		suspend(resumed: () => void): void {
			release();
			process.once('SIGCONT', () => {
				restore();
				resumed();
			});
			// No SIGTSTP listener is installed, so the default action (stop) applies, to the whole job.
			process.kill(0, 'SIGTSTP');
		},
	};
}
