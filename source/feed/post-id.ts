import {createHash} from 'node:crypto';

/**
A short, stable id for a post: 13 characters of lowercase base32 (a–z, 2–7: 65 bits) over SHA-256 of the feed URL
plus the guid, else the link, else the title and the date. The same item in the same feed always gets the same id; the
same guid in two feeds does not. The alphabet has no `-`, so an id never looks like a command-line flag, and no
characters a shell or a file name would treat specially.
*/
export function makePostId(feedUrl: string, parts: {guid?: string; link?: string | null; title?: string; date?: string | null}): string {
	let key: string;
	if (parts.guid !== undefined && parts.guid !== '') {
		key = `guid\n${parts.guid}`;
	} else if (parts.link !== undefined && parts.link !== null && parts.link !== '') {
		key = `link\n${parts.link}`;
	} else {
		key = `title\n${parts.title ?? ''}\n${parts.date ?? ''}`;
	}

	return base32(createHash('sha256').update(`${feedUrl}\n${key}`).digest()).slice(0, 13);
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
	let out = '';
	let bits = 0;
	let value = 0;
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += alphabet[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}

		value &= (1 << bits) - 1;
	}

	return out;
}
