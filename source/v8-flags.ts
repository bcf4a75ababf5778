// Setting a V8 flag at run time, for the heap policies (young-generation.ts, old-generation.ts, idle-collection.ts).
import v8 from 'node:v8';

export type SetFlags = (flags: string) => void;

/** Set `flags`; false when this V8 refuses them (the process runs on as it was). */
export function setV8Flags(flags: string, setFlags: SetFlags = v8.setFlagsFromString): boolean {
	try {
		setFlags(flags);
		return true;
	} catch {
		return false;
	}
}
