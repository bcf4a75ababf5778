// Setting a V8 flag at run time, for the heap policies (young-generation.ts, old-generation.ts, idle-collection.ts).
// node:v8 (2.7 ms with the streams it loads) is loaded on the first flag set, so commands that set none never load it.
import process from 'node:process';

export type SetFlags = (flags: string) => void;

function setWithV8(flags: string): void {
	process.getBuiltinModule('node:v8').setFlagsFromString(flags);
}

/** Set `flags`; false when this V8 refuses them (the process runs on as it was). */
export function setV8Flags(flags: string, setFlags: SetFlags = setWithV8): boolean {
	try {
		setFlags(flags);
		return true;
	} catch {
		return false;
	}
}
