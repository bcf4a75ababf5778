import type {Flags} from '../../source/commands/context.js';

/** Every CLI flag at its default, for calling a command directly. */
export const defaultFlags: Flags = {
	json: false,
	jsonl: false,
	fields: undefined,
	feed: [],
	category: undefined,
	search: undefined,
	limit: undefined,
	offline: false,
	unread: false,
	starred: false,
	all: false,
};
