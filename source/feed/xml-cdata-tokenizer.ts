import {Tokenizer} from 'htmlparser2';

/**
Htmlparser2's tokenizer looks for the `]]>` that ends a CDATA section one character at a time in JavaScript; a WordPress
feed is mostly CDATA (~5 KB of HTML per item), so that loop is the largest single cost of a parse. This tokenizer jumps
straight to the first `]]>` with the native `indexOf` and lets the stock state machine take it from there: the stock
loop, starting with nothing matched, would only skip characters until that very point, so the events (and their
indices) are the same. Anything else (a partial match in progress, no `]]>` in the buffer, a comment, a tokenizer whose
internals are not the expected ones) goes to the stock code unchanged.
*/

/**
The fields of htmlparser2's Tokenizer (12.x) that `CdataSkippingTokenizer` relies on. They are private in the type
declarations, so they are described here and checked at run time (`hasExpectedInternals`).
*/
type TokenizerInternals = {
	buffer: string;
	index: number;
	offset: number;
	xmlMode: boolean;
	currentSequence: ArrayLike<number> | undefined;
	sequenceIndex: number;
};

type CommentLikeState = (this: unknown, c: number) => void;

const baseStateInCommentLike = (Tokenizer.prototype as unknown as {stateInCommentLike?: CommentLikeState}).stateInCommentLike;

function isCdataEnd(sequence: ArrayLike<number> | undefined): boolean {
	return sequence?.length === 3 && sequence[0] === 0x5D && sequence[1] === 0x5D && sequence[2] === 0x3E;
}

class CdataSkippingTokenizer extends (Tokenizer as unknown as new (...arguments_: ConstructorParameters<typeof Tokenizer>) => TokenizerInternals) {
	stateInCommentLike(c: number): void {
		if (c !== 0x5D && this.sequenceIndex === 0 && this.xmlMode && isCdataEnd(this.currentSequence)) {
			const at = this.buffer.indexOf(']]>', this.index - this.offset);
			if (at !== -1) {
				this.index = at + this.offset;
				c = 0x5D;
			}
		}

		baseStateInCommentLike!.call(this, c);
	}
}

/** Whether a tokenizer object (fresh, in xmlMode) has the private fields the skipping tokenizer reads and writes. */
export function hasExpectedInternals(probe: unknown): boolean {
	if (typeof probe !== 'object' || probe === null) {
		return false;
	}

	const fields = probe as Record<string, unknown>;
	return typeof fields.buffer === 'string' && typeof fields.index === 'number' && typeof fields.offset === 'number'
		&& typeof fields.sequenceIndex === 'number' && fields.xmlMode === true && 'currentSequence' in fields;
}

/** A fresh stock tokenizer in xmlMode, to check its internals. */
export function probeTokenizer(): unknown {
	return new Tokenizer({xmlMode: true}, {} as ConstructorParameters<typeof Tokenizer>[1]);
}

/** Use the skipping tokenizer only where the stock one has the shape it was written against. */
export const skipSupported = (() => {
	if (typeof baseStateInCommentLike !== 'function') {
		return false;
	}

	try {
		return hasExpectedInternals(probeTokenizer());
	} catch {
		return false;
	}
})();

export const parserOptions = {xmlMode: true, decodeEntities: false, Tokenizer: skipSupported ? CdataSkippingTokenizer as unknown as typeof Tokenizer : Tokenizer};
