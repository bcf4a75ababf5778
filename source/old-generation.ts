// V8 grows the old generation after each full collection by a factor it picks from its GC speed, up to 4 times what
// survived. A cold refresh of 100 feeds makes garbage fast (each feed's bytes, its text, its parse), so the heap ran far
// ahead of what was live: peak RSS 135 MiB. Growing it by 30% at most brought that to 95 MiB, for about 10% more CPU.
// Held with the young generation's hold by a command that fetches several feeds (commands/collect-posts.ts; issue
// 8 §3), never for `--offline` or the local commands (they fetch nothing, and printing 10,000 cached posts took 10%
// longer held). The reader keeps V8's own choice (with 100,000 live posts the extra full collections cost its first
// frame 40%); its idle collection looks after its memory (idle-collection.ts). A V8 that refuses the flag is left
// as it is.
import {setV8Flags, type SetFlags} from './v8-flags.js';

export const oldGenerationFlag = '--heap-growing-percent=30';
/** V8's default: it picks the factor itself. */
export const oldGenerationRelease = '--heap-growing-percent=0';

export function holdOldGeneration(setFlags?: SetFlags): boolean {
	return setV8Flags(oldGenerationFlag, setFlags);
}

export function releaseOldGeneration(setFlags?: SetFlags): void {
	setV8Flags(oldGenerationRelease, setFlags);
}
