import {limits} from '../feed/limits.js';

/**
How names and search text are compared everywhere (the CLI and the reader): NFKC, then NFD with the combining
marks stripped, lower case, trimmed. So `" EV "` matches `ev`, and `Škoda` matches `skoda`.
*/
export function foldText(text: string): string {
	if (text.length > limits.foldedNameLengthMax) {
		return fold(text);
	}

	// Names (categories, folders) repeat across thousands of posts, and each scope compares every one of them.
	let folded = foldedNames.get(text);
	if (folded === undefined) {
		folded = fold(text);
		if (foldedNames.size >= limits.foldedNamesMax) {
			foldedNames.clear();
		}

		foldedNames.set(text, folded);
	}

	return folded;
}

const foldedNames = new Map<string, string>();

function fold(text: string): string {
	return text.normalize('NFKC').normalize('NFD').replaceAll(/\p{M}/gu, '').toLocaleLowerCase('en-US').trim();
}

/**
The display order of names (categories, folders, feeds, sites): by folded text, then as written. Code-unit order
with no collator, because ICU's collation data costs 7 ms to load, on each start that sorts a name.
*/
export function compareNames(a: string, b: string): number {
	const left = foldText(a);
	const right = foldText(b);
	if (left !== right) {
		return left < right ? -1 : 1;
	}

	if (a === b) {
		return 0;
	}

	return a < b ? -1 : 1;
}

/** The words of a search, folded: a post matches when it contains every one of them. */
export function searchWords(search: string | undefined): string[] {
	const folded = foldText(search ?? '');
	return folded === '' ? [] : folded.split(/\s+/);
}
