import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

let counter = 0;

/**
Write a file so that a reader (or a crash) sees either the old content or the new, never a mix:
write a temp file in the same folder, fsync it, rename it over the target, then fsync the folder.
Files are private by default (0600): snapshots and starred posts name feed URLs, which may carry a login.
*/
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
	const directory = path.dirname(file);
	fs.mkdirSync(directory, {recursive: true});
	const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
	let fd: number | undefined;
	try {
		fd = fs.openSync(temporary, 'wx', mode);
		fs.writeFileSync(fd, data);
		fs.fsyncSync(fd);
		fs.closeSync(fd);
		fd = undefined;
		fs.renameSync(temporary, file);
	} catch (error) {
		if (fd !== undefined) {
			fs.closeSync(fd);
		}

		fs.rmSync(temporary, {force: true});
		throw error;
	}

	try {
		const directoryFd = fs.openSync(directory, 'r');
		try {
			fs.fsyncSync(directoryFd);
		} finally {
			fs.closeSync(directoryFd);
		}
	} catch {
		// Some file systems refuse to fsync a folder; the rename is still atomic.
	}
}

/**
Copy a file that is about to be repaired to `<file>.corrupt-<timestamp>` and return that path. Unlike moveAside,
the file itself stays in place until the repaired copy replaces it atomically, so it never goes missing.
*/
export function copyAside(file: string): string {
	const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
	for (let n = 0; ; n++) {
		const target = `${file}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
		try {
			fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
			return target;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}
	}
}

/**
Move a file that cannot be read aside, to `<file>.corrupt-<timestamp>`, and return the new path.
It is never overwritten in place.
*/
export function moveAside(file: string): string {
	const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
	let target = `${file}.corrupt-${stamp}`;
	let n = 1;
	while (fs.existsSync(target)) {
		target = `${file}.corrupt-${stamp}-${n++}`;
	}

	fs.renameSync(file, target);
	return target;
}
