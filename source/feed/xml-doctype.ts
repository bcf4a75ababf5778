/**
DOCTYPE stripping: a DOCTYPE (with its internal subset) is cut out of the prolog before parsing and never expanded, so
billion laughs, quadratic blowup and XXE stay inert. The prolog is scanned construct by construct: comments and
processing instructions are skipped, so a comment that mentions `<!DOCTYPE` is not taken for one (checklist: issue 7 §1.6).
*/

/** Index of the `<!DOCTYPE` in the prolog, or -1 when the prolog has none (or the first element comes first). */
export function findDoctype(text: string): number {
	let index = text.indexOf('<');
	while (index !== -1) {
		if (text.startsWith('<!--', index)) {
			const close = text.indexOf('-->', index + 4);
			if (close === -1) {
				return -1;
			}

			index = close + 3;
		} else if (text.startsWith('<?', index)) {
			const close = text.indexOf('?>', index + 2);
			if (close === -1) {
				return -1;
			}

			index = close + 2;
		} else if (/^<!doctype/i.test(text.slice(index, index + 9))) {
			return index;
		} else {
			// An element (or anything else): the prolog is over.
			return -1;
		}

		index = text.indexOf('<', index);
	}

	return -1;
}

/** Cut a DOCTYPE (with its internal subset) out of the prolog, so that nothing in it is ever read. */
export function stripDoctype(text: string): string {
	const doctype = findDoctype(text);
	if (doctype === -1) {
		return text;
	}

	const end = doctypeEnd(text, doctype + 9);
	return end === -1 ? text.slice(0, doctype) : text.slice(0, doctype) + text.slice(end + 1);
}

/** Index of the `>` that closes the DOCTYPE started before `from` (quotes, the internal subset and its comments
skipped), or -1 when the document ends first. */
function doctypeEnd(text: string, from: number): number {
	let quote = 0;
	let subset = false;
	const {length} = text;
	for (let index = from; index < length; index++) {
		const code = text.charCodeAt(index);
		if (quote !== 0) {
			if (code === quote) {
				quote = 0;
			}

			continue;
		}

		if (code === 0x22 || code === 0x27) {
			quote = code;
		} else if (subset && code === 0x3C && text.startsWith('<!--', index)) {
			const close = text.indexOf('-->', index + 4);
			if (close === -1) {
				return -1;
			}

			index = close + 2;
		} else if (code === 0x5B) {
			subset = true;
		} else if (code === 0x5D) {
			subset = false;
		} else if (code === 0x3E && !subset) {
			return index;
		}
	}

	return -1;
}
