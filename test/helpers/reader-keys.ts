import {type ReaderState, reduce} from '../../source/ui/state.js';

/** Feed keys to the reader's reducer one at a time, as the app does. */
export function press(state: ReaderState, ...keys: string[]): ReaderState {
	let next = state;
	for (const key of keys) {
		next = reduce(next, {type: 'key', key});
	}

	return next;
}
