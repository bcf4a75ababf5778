// V8's young generation starts with 1 MB semi-spaces and doubles them (up to 16 MB each) whenever many objects
// survive a scavenge, which is what loading thousands of posts does. Once grown it stays committed: with 10,000
// posts, 32 MB of new space held 5 MB of objects, and the reader's peak RSS was 146 MiB. Holding the new space at
// its first size while the library loads brought that peak to 126 MiB on Node 20 and 22, and to 125 on 24.
// Held before the posts are loaded (issue 8 §3, issue 9's memory figure): by the reader, by a command that
// fetches several feeds, and by `--offline` with a large library (commands/collect-posts.ts). The reader lets it
// grow again once it has started (its first frame drawn and the renderer warmed): with 1 MB semi-spaces, the 12 MB
// a frame allocates cost a dozen scavenges, about 7 ms a keypress. It holds it again at limits.readerNewSpaceBytes
// (8 MB semi-spaces) rather than V8's 32 MB. A one-shot command keeps the hold to its end. The flag is read each
// time the new space would grow, so setting it at run time takes effect; a V8 that does not know it is left as it is.
import process from 'node:process';
import {setV8Flags, type SetFlags} from './v8-flags.js';

export const youngGenerationFlag = '--semi-space-growth-factor=1';
/** V8's default growth factor. */
export const youngGenerationRelease = '--semi-space-growth-factor=2';

export function holdYoungGeneration(setFlags?: SetFlags): boolean {
	return setV8Flags(youngGenerationFlag, setFlags);
}

export function releaseYoungGeneration(setFlags?: SetFlags): void {
	setV8Flags(youngGenerationRelease, setFlags);
}

/** Bytes of V8's new space (both semi-spaces). */
export function newSpaceSize(): number {
	return process.getBuiltinModule('node:v8').getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
Release the hold, and hold again once the new space has reached `capBytes`: checked by the returned function, which
the reader calls on each frame. With V8's default cap (16 MB semi-spaces, 32 MB of new space) the new space stays at
its largest for the whole session, a fifth of the reader's RSS after 200 article opens.
*/
export function releaseYoungGenerationUpTo(
	capBytes: number,
	setFlags?: SetFlags,
	size: () => number = newSpaceSize,
): () => void {
	releaseYoungGeneration(setFlags);
	let held = false;
	return () => {
		if (!held && size() >= capBytes) {
			held = holdYoungGeneration(setFlags);
		}
	};
}
