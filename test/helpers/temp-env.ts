import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

// eslint-disable-next-line unicorn/prevent-abbreviations -- used by every test file; `env` is the word for an environment here
export type TempEnv = {
	/** The temp folder that holds everything. */
	dir: string;
	/** Environment for a child process: XDG folders and HOME inside `dir`, CI and colours unset. */
	env: NodeJS.ProcessEnv;
	cleanup: () => void;
};

/** Fresh XDG folders in a temp directory. Never the real home. */
// eslint-disable-next-line unicorn/prevent-abbreviations -- see TempEnv
export function makeTempEnv(): TempEnv {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-test-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: path.join(dir, 'home'),
		XDG_CONFIG_HOME: path.join(dir, 'config'),
		XDG_DATA_HOME: path.join(dir, 'data'),
		XDG_CACHE_HOME: path.join(dir, 'cache'),
		XDG_STATE_HOME: path.join(dir, 'state'),
		NO_COLOR: '1',
	};
	delete env.FORCE_COLOR;
	delete env.HTTP_PROXY;
	delete env.HTTPS_PROXY;
	delete env.http_proxy;
	delete env.https_proxy;
	fs.mkdirSync(env.HOME!, {recursive: true});
	return {
		dir,
		env,
		cleanup() {
			fs.rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** Whether chmod 0o500 really stops writes here (it does not for root, as in CI): read-only tests skip otherwise. */
export function writesAreRefused(): boolean {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-ro-'));
	fs.chmodSync(directory, 0o500);
	try {
		fs.writeFileSync(path.join(directory, 'probe'), 'x');
		return false;
	} catch {
		return true;
	} finally {
		fs.chmodSync(directory, 0o700);
		fs.rmSync(directory, {recursive: true, force: true});
	}
}
