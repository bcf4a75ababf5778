import {createHash} from 'node:crypto';

/**
A short, stable id for a post: 12 characters of base64url over SHA-256 of the feed URL plus the guid, else the link,
else the title and the date. The same item in the same feed always gets the same id; the same guid in two feeds does not.
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

	return createHash('sha256').update(`${feedUrl}\n${key}`).digest('base64url').slice(0, 12);
}
