import {limits} from './limits.js';
import type {TextType} from './normalize.js';
import type {DateSlot, Field} from './xml-vocabulary.js';

/**
Capture and serialisation: the text of one field element, and (for html/xhtml fields) its child markup written back
out as HTML. Captures never nest (nothing is classified while one is open), so one object serves them all (`restart`).
*/

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const maxCaptureText = 64 * 1024;
const maxCaptureHtml = limits.htmlMax * 2;

export type Capture = {
	field: Field;
	mode: TextType;
	depth: number;
	/** What was read while no markup was serialised (the whole value, for most fields). */
	text: string;
	/** Once markup is serialised (html/xhtml with child elements): `text`, then each piece. */
	parts: string[] | undefined;
	size: number;
	limit: number;
	/** Index in `parts` just after the last serialised open tag (to write `<br>` rather than `<br></br>`). */
	lastOpen: number;
	// XHTML wrapper detection: one child element (a div) and no text around it.
	children: number;
	textOutside: boolean;
	wrapStart: number;
	wrapEnd: number;
	firstChildIsDiv: boolean;
	/** Value of a field that is set on close (date-kind bookkeeping). */
	slot: DateSlot | undefined;
};

export function newCapture(): Capture {
	return {
		field: 'title',
		mode: 'text',
		depth: 0,
		text: '',
		parts: undefined,
		size: 0,
		limit: maxCaptureText,
		lastOpen: -1,
		children: 0,
		textOutside: false,
		wrapStart: -1,
		wrapEnd: -1,
		firstChildIsDiv: false,
		slot: undefined,
	};
}

/** Make `capture` a new, empty capture of `field` opened at `depth`. */
export function restartCapture(capture: Capture, field: Field, mode: TextType, depth: number, slot: DateSlot | undefined): void {
	capture.field = field;
	capture.mode = mode;
	capture.depth = depth;
	capture.text = '';
	capture.parts = undefined;
	capture.size = 0;
	capture.limit = mode === 'text' ? maxCaptureText : maxCaptureHtml;
	capture.lastOpen = -1;
	capture.children = 0;
	capture.textOutside = false;
	capture.wrapStart = -1;
	capture.wrapEnd = -1;
	capture.firstChildIsDiv = false;
	capture.slot = slot;
}

/** Let go of the text (it may be a slice of the last document: keeping it would keep the whole document). */
export function clearCapture(capture: Capture): void {
	capture.text = '';
	capture.parts = undefined;
}

export function pushPiece(capture: Capture, piece: string): void {
	if (capture.size > capture.limit) {
		return;
	}

	if (capture.parts === undefined) {
		capture.text += piece;
	} else {
		capture.parts.push(piece);
	}

	capture.size += piece.length;
}

/** Switch a capture to a list of pieces, so that serialised tags can be found again by index. */
function markupParts(capture: Capture): string[] {
	if (capture.parts === undefined) {
		capture.parts = capture.text === '' ? [] : [capture.text];
		capture.text = '';
	}

	return capture.parts;
}

/** The captured value; an XHTML field that is one `<div>` wrapper gives the div's content. */
export function captureValue(capture: Capture): string {
	if (capture.parts === undefined) {
		return capture.text;
	}

	if (capture.mode === 'xhtml' && capture.children === 1 && !capture.textOutside && capture.firstChildIsDiv && capture.wrapEnd > capture.wrapStart) {
		return capture.parts.slice(capture.wrapStart, capture.wrapEnd).join('');
	}

	return capture.parts.join('');
}

export function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function localName(name: string): string {
	const colon = name.indexOf(':');
	return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

/** Write an element opened at `depth` inside the capture. */
export function serializeOpen(capture: Capture, name: string, attributes: Record<string, string>, depth: number): void {
	let markup = '<' + name;
	for (const key in attributes) {
		if (Object.hasOwn(attributes, key) && !key.startsWith('xmlns')) {
			markup += ` ${key}="${attributes[key]!.replaceAll('"', '&quot;')}"`;
		}
	}

	const parts = markupParts(capture);
	pushPiece(capture, markup + '>');
	capture.lastOpen = parts.length;
	if (depth === capture.depth + 1) {
		capture.children++;
		if (capture.children === 1) {
			capture.firstChildIsDiv = localName(name) === 'div';
			capture.wrapStart = parts.length;
		}
	}
}

/** Write the close of an element at `depth` inside the capture. */
export function serializeClose(capture: Capture, name: string, depth: number): void {
	const local = localName(name);
	const parts = markupParts(capture);
	if (capture.lastOpen === parts.length && capture.lastOpen > 0) {
		// Nothing inside: write `<x/>` (or `<br>`).
		const open = parts[capture.lastOpen - 1]!;
		parts[capture.lastOpen - 1] = voidElements.has(local) ? open : open.slice(0, -1) + '/>';
	} else if (!voidElements.has(local)) {
		pushPiece(capture, `</${name}>`);
	}

	capture.lastOpen = -1;
	if (depth === capture.depth + 1 && capture.children === 1) {
		capture.wrapEnd = parts.length - (voidElements.has(local) ? 0 : 1);
	}
}
