import {sha256Bytes} from './sha256.js';

/**
A short, stable id for a post: 13 characters of lowercase base32 (a–z, 2–7: 65 bits) over SHA-256 of the feed URL
plus the guid, else the link, else the title and the date. The same item in the same feed always gets the same id; the
same guid in two feeds does not. The alphabet has no `-`, so an id never looks like a command-line flag, and no
characters a shell or a file name would treat specially.
*/
export function makePostId(feedUrl: string, parts: {guid?: string; link?: string | null; title?: string; date?: string | null; linkShared?: boolean}): string {
	let key: string;
	if (parts.guid !== undefined && parts.guid !== '') {
		key = `guid\n${parts.guid}`;
	} else if (parts.linkShared === true && parts.link !== undefined && parts.link !== null && parts.link !== '') {
		// A link that several guid-less posts of the feed share (changelogs, status pages): the title and date tell them apart.
		key = `link-title-date\n${parts.link}\n${parts.title ?? ''}\n${parts.date ?? ''}`;
	} else if (parts.link !== undefined && parts.link !== null && parts.link !== '') {
		key = `link\n${parts.link}`;
	} else {
		key = `title\n${parts.title ?? ''}\n${parts.date ?? ''}`;
	}

	// One-shot hash (no Hash object per post); the string is hashed as UTF-8, as `Hash#update` does. The digest comes
	// back as a byte string (one character per byte).
	return base32Id(sha256Bytes(`${feedUrl}\n${key}`));
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
const alphabetCodes = Array.from(alphabet, character => character.charCodeAt(0));
const idCodes: number[] = Array.from({length: 13}, () => 0);

/** The first 13 base32 characters (65 bits) of a byte string: the same as encoding all of it and keeping 13. */
function base32Id(bytes: string): string {
	let count = 0;
	let bits = 0;
	let value = 0;
	for (let index = 0; count < 13; index++) {
		value = (value << 8) | bytes.charCodeAt(index);
		bits += 8;
		while (bits >= 5 && count < 13) {
			idCodes[count++] = alphabetCodes[(value >>> (bits - 5)) & 31]!;
			bits -= 5;
		}

		value &= (1 << bits) - 1;
	}

	return String.fromCharCode(...idCodes);
}
