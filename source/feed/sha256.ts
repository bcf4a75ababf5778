// SHA-256 for ids and file names. node:crypto costs about 4 ms to load, and `unread`, `--offline` and the reader's
// first frame often hash nothing: it is loaded on the first hash (issue 8 §6). Strings are hashed as UTF-8.
import type * as NodeCrypto from 'node:crypto';
import process from 'node:process';

type Crypto = typeof NodeCrypto;
let crypto: Crypto | undefined;

function loaded(): Crypto {
	crypto ??= process.getBuiltinModule('node:crypto');
	return crypto;
}

/** The digest as lowercase hex. */
export function sha256Hex(text: string): string {
	return loaded().hash('sha256', text, 'hex');
}

/** The digest as a byte string (one character per byte), with no Hash object. */
export function sha256Bytes(text: string): string {
	return loaded().hash('sha256', text, 'binary');
}
