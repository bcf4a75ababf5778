/**
Bytes → text for feed documents, with a documented, deterministic order (security checklist §D):

1. a byte order mark (UTF-8, UTF-16 LE/BE), or UTF-16 without a BOM sniffed from `<` / `{` patterns;
2. JSON (first non-space character `{`) is UTF-8;
3. the HTTP `charset` parameter;
4. the XML prolog's `encoding`;
5. strict UTF-8;
6. windows-1252, with a warning.

A declaration that is unknown is skipped with a warning. A single-byte declaration (latin1, windows-1252…) on bytes
that are valid UTF-8 with multi-byte sequences decodes as UTF-8 with a warning: that is what real servers get wrong.
windows-1252 is decoded with a fixed table, because Node 20.20's TextDecoder returns C1 controls for it (item 43).
Never throws.
*/

export type DecodedFeed = {
	text: string;
	/** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`, `utf-16le`. */
	encoding: string;
	warnings: string[];
};

// Windows-1252 0x80–0x9F. Bytes that windows-1252 leaves undefined become U+FFFD (never a C1 control).
const cp1252High = [
	0x20_AC, 0xFF_FD, 0x20_1A, 0x01_92, 0x20_1E, 0x20_26, 0x20_20, 0x20_21, 0x02_C6, 0x20_30, 0x01_60, 0x20_39, 0x01_52, 0xFF_FD, 0x01_7D, 0xFF_FD,
	0xFF_FD, 0x20_18, 0x20_19, 0x20_1C, 0x20_1D, 0x20_22, 0x20_13, 0x20_14, 0x02_DC, 0x21_22, 0x01_61, 0x20_3A, 0x01_53, 0xFF_FD, 0x01_7E, 0x01_78,
];

function decodeWindows1252(bytes: Uint8Array): {text: string; undefinedBytes: number} {
	let text = '';
	let undefinedBytes = 0;
	const chunk: number[] = [];
	for (const byte of bytes) {
		let code = byte;
		if (byte >= 0x80 && byte <= 0x9F) {
			code = cp1252High[byte - 0x80]!;
			if (code === 0xFF_FD) {
				undefinedBytes++;
			}
		}

		chunk.push(code);
		if (chunk.length >= 8192) {
			text += String.fromCharCode(...chunk);
			chunk.length = 0;
		}
	}

	text += String.fromCharCode(...chunk);
	return {text, undefinedBytes};
}

const singleByte = /^(?:windows-12\d\d|windows-874|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/;

/** The WHATWG name for a label, or undefined when TextDecoder does not know it. gb2312/gbk decode as gb18030. */
function canonical(label: string): string | undefined {
	const trimmed = label.trim().toLowerCase();
	if (trimmed === '' || trimmed.length > 40) {
		return undefined;
	}

	try {
		const name = new TextDecoder(trimmed).encoding;
		if (name === 'gbk' || name === 'gb18030') {
			return 'gb18030';
		}

		// `utf-16` labels map to utf-16le; endianness is decided by the bytes.
		if (name === 'replacement' || name === 'x-user-defined') {
			return undefined;
		}

		return name;
	} catch {
		return undefined;
	}
}

function show(label: string): string {
	return label.replaceAll(/[^\u0020-\u007E]/g, '?').slice(0, 40);
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
	if (encoding === 'windows-1252') {
		return decodeWindows1252(bytes).text;
	}

	// Streaming mode plus a final flush takes the ICU path on Node 20.20 (checklist item 43).
	const decoder = new TextDecoder(encoding, {ignoreBOM: true});
	return decoder.decode(bytes, {stream: true}) + decoder.decode();
}

function strictUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
	} catch {
		return undefined;
	}
}

function hasMultiByteUtf8(bytes: Uint8Array): boolean {
	return bytes.some(byte => byte >= 0x80);
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
	if (!contentType) {
		return undefined;
	}

	const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
	const value = match?.[1] ?? match?.[2];
	return value === undefined || value === '' ? undefined : value;
}

function prologEncoding(bytes: Uint8Array): string | undefined {
	const head = String.fromCharCode(...bytes.subarray(0, 512));
	const match = /^\s*<\?xml[^>]*?\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
	const value = match?.[1] ?? match?.[2];
	return value === undefined || value === '' ? undefined : value;
}

function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
	if (bytes.length < 4) {
		return undefined;
	}

	const [a, b, c, d] = bytes;
	if (a !== 0 && b === 0 && c !== 0 && d === 0) {
		return 'utf-16le';
	}

	if (a === 0 && b !== 0 && c === 0 && d !== 0) {
		return 'utf-16be';
	}

	return undefined;
}

function isUtf16(name: string | undefined): boolean {
	return name === 'utf-16le' || name === 'utf-16be';
}

function startsWithBrace(bytes: Uint8Array): boolean {
	for (const byte of bytes) {
		if (byte === 0x20 || byte === 0x09 || byte === 0x0A || byte === 0x0D) {
			continue;
		}

		return byte === 0x7B;
	}

	return false;
}

/** UTF-8, strict; when invalid, lenient with a warning if it is mostly UTF-8, else windows-1252 with a warning. */
function utf8OrFallback(bytes: Uint8Array, warnings: string[], why: string): DecodedFeed {
	const strict = strictUtf8(bytes);
	if (strict !== undefined) {
		return {text: strict, encoding: 'utf-8', warnings};
	}

	return fallback(bytes, warnings, why);
}

function fallback(bytes: Uint8Array, warnings: string[], why: string): DecodedFeed {
	// Count well-formed multi-byte sequences: a document that is mostly UTF-8 with a stray byte stays UTF-8.
	const lenient = new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes);
	const replaced = lenient.split('\uFFFD').length - 1;
	const multiByte = countMultiByte(lenient);
	if (multiByte > replaced) {
		warnings.push(`${why}: invalid UTF-8 bytes replaced (${replaced})`);
		return {text: lenient, encoding: 'utf-8', warnings};
	}

	const {text, undefinedBytes} = decodeWindows1252(bytes);
	warnings.push(`${why}: not valid UTF-8, decoded as windows-1252`);
	if (undefinedBytes > 0) {
		warnings.push(`${undefinedBytes} bytes undefined in windows-1252 replaced`);
	}

	return {text, encoding: 'windows-1252', warnings};
}

function countMultiByte(text: string): number {
	let count = 0;
	for (const character of text) {
		if (character.codePointAt(0)! > 0x7F && character !== '\uFFFD') {
			count++;
		}
	}

	return count;
}

function decodeDeclared(bytes: Uint8Array, name: string, label: string, where: string, warnings: string[]): DecodedFeed {
	if (name === 'utf-8') {
		return utf8OrFallback(bytes, warnings, `declared UTF-8 (${where})`);
	}

	if (singleByte.test(name) && hasMultiByteUtf8(bytes)) {
		const utf8 = strictUtf8(bytes);
		// Real UTF-8 text has no C1 controls; `C2 80`-style pairs are far more likely windows-1252 text.
		if (utf8 !== undefined && !/[\u0080-\u009F]/.test(utf8)) {
			warnings.push(`declared ${show(label)} (${where}) but the bytes are UTF-8; decoded as UTF-8`);
			return {text: utf8, encoding: 'utf-8', warnings};
		}
	}

	if (name === 'windows-1252') {
		const {text, undefinedBytes} = decodeWindows1252(bytes);
		if (undefinedBytes > 0) {
			warnings.push(`${undefinedBytes} bytes undefined in windows-1252 replaced`);
		}

		return {text, encoding: name, warnings};
	}

	const text = decodeWith(name, bytes);
	if (text.includes('\uFFFD')) {
		warnings.push(`invalid ${name} bytes replaced`);
	}

	return {text, encoding: name, warnings};
}

export function decodeFeedBytes(bytes: Uint8Array, contentType: string | undefined): DecodedFeed {
	const warnings: string[] = [];
	try {
		return decodeInner(bytes, contentType, warnings);
	} catch (error) {
		// Defensive: decoding must never crash a refresh.
		warnings.push(`decoding failed (${error instanceof Error ? error.message : String(error)}); decoded as windows-1252`);
		return {text: decodeWindows1252(bytes).text, encoding: 'windows-1252', warnings};
	}
}

type Bom = 'utf-8' | 'utf-16le' | 'utf-16be';

/** 1. The byte order mark, if any, and the bytes after it. */
function readBom(bytes: Uint8Array, warnings: string[]): {bom: Bom; body: Uint8Array} | undefined {
	if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) {
		return {bom: 'utf-8', body: bytes.subarray(3)};
	}

	if (bytes[0] === 0xFF && bytes[1] === 0xFE) {
		if (bytes[2] === 0 && bytes[3] === 0) {
			warnings.push('UTF-32 is not supported; read as UTF-16');
		}

		return {bom: 'utf-16le', body: bytes.subarray(2)};
	}

	if (bytes[0] === 0xFE && bytes[1] === 0xFF) {
		return {bom: 'utf-16be', body: bytes.subarray(2)};
	}

	return undefined;
}

/** A byte order mark wins over any declaration. */
function decodeWithBom(bom: Bom, body: Uint8Array, httpName: string | undefined, warnings: string[]): DecodedFeed {
	const declared = httpName ?? (bom === 'utf-8' ? canonical(prologEncoding(body) ?? '') : undefined);
	if (declared !== undefined && declared !== bom && !(isUtf16(declared) && isUtf16(bom))) {
		warnings.push(`byte order mark (${bom}) overrides the declared encoding ${declared}`);
	}

	if (bom === 'utf-8') {
		const strict = strictUtf8(body);
		if (strict !== undefined) {
			return {text: strict, encoding: 'utf-8', warnings};
		}

		warnings.push('invalid UTF-8 bytes after a UTF-8 byte order mark replaced');
		return {text: new TextDecoder('utf-8', {ignoreBOM: true}).decode(body), encoding: 'utf-8', warnings};
	}

	const text = decodeWith(bom, body);
	if (text.includes('\uFFFD')) {
		warnings.push(`invalid ${bom} bytes replaced`);
	}

	return {text, encoding: bom, warnings};
}

/** 3. and 4.: the HTTP charset, else the XML declaration, when it names an encoding we can use for these bytes. */
function decodeByDeclaration(bytes: Uint8Array, http: {label: string | undefined; name: string | undefined}, warnings: string[]): DecodedFeed | undefined {
	const prologLabel = prologEncoding(bytes);
	const prologName = prologLabel === undefined ? undefined : canonical(prologLabel);
	if (http.label !== undefined && http.name !== undefined) {
		if (prologName !== undefined && prologName !== http.name) {
			warnings.push(`the HTTP charset ${http.name} overrides the XML declaration ${prologName}`);
		}

		if (!isUtf16(http.name)) {
			return decodeDeclared(bytes, http.name, http.label, 'HTTP charset', warnings);
		}

		// A UTF-16 label on bytes that did not look like UTF-16: fall through rather than produce garbage.
		warnings.push(`declared ${http.name} (HTTP charset) but the bytes are not UTF-16; ignored`);
	}

	if (prologLabel === undefined) {
		return undefined;
	}

	if (prologName === undefined) {
		warnings.push(`unsupported encoding "${show(prologLabel)}" in the XML declaration; ignored`);
	} else if (isUtf16(prologName)) {
		warnings.push('the XML declaration says UTF-16 but the bytes are not UTF-16; ignored');
	} else {
		return decodeDeclared(bytes, prologName, prologLabel, 'XML declaration', warnings);
	}

	return undefined;
}

function decodeInner(bytes: Uint8Array, contentType: string | undefined, warnings: string[]): DecodedFeed {
	const httpLabel = charsetFromContentType(contentType);
	const httpName = httpLabel === undefined ? undefined : canonical(httpLabel);
	if (httpLabel !== undefined && httpName === undefined) {
		warnings.push(`unsupported encoding "${show(httpLabel)}" in the HTTP charset; ignored`);
	}

	const marked = readBom(bytes, warnings);
	if (marked !== undefined) {
		return decodeWithBom(marked.bom, marked.body, httpName, warnings);
	}

	// UTF-16 without a BOM: `<\0?\0` or `\0<\0?`. An ASCII-compatible declaration cannot produce this pattern.
	const sniffed = sniffUtf16(bytes);
	if (sniffed !== undefined) {
		if (httpName !== undefined && !isUtf16(httpName)) {
			warnings.push(`the bytes are ${sniffed}; the declared encoding ${httpName} was ignored`);
		}

		return {text: decodeWith(sniffed, bytes), encoding: sniffed, warnings};
	}

	// 2. JSON is UTF-8.
	if (startsWithBrace(bytes)) {
		if (httpName !== undefined && httpName !== 'utf-8') {
			warnings.push(`JSON is UTF-8; the declared encoding ${httpName} was ignored`);
		}

		return utf8OrFallback(bytes, warnings, 'JSON');
	}

	// 5. and 6.
	return decodeByDeclaration(bytes, {label: httpLabel, name: httpName}, warnings) ?? utf8OrFallback(bytes, warnings, 'no declared encoding');
}
