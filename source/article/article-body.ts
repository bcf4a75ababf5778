/**
The one body fallback order of an article, for the reader and `evnews read`:
cached content (full text cached with the post first, then the feed's own body) → the starred snapshot →
full text fetched now (when it could not be cached) → the summary (plain text, escaped).
*/
import {textToHtml} from '../feed/text-to-html.js';
import {sanitizeText} from '../feed/sanitize.js';
import type {PostContent} from '../feed/types.js';
import {readBody} from '../store/cache.js';
import {type FullTextContent, readFullText} from '../store/full-text-store.js';

export type BodySource = 'full-text' | 'content' | 'starred' | 'summary';

export type ArticleBody = {
	html: string;
	base: string;
	source: BodySource;
	/** The host the full text came from, when `source` is 'full-text'. */
	fullTextFrom?: string;
};

export type BodyPost = {id: string; summary: string | null; link: string | null; feed: {url: string}};

export type BodyCandidates = {
	fullText?: FullTextContent | undefined;
	content?: PostContent | undefined;
	starred?: PostContent | undefined;
	fetched?: FullTextContent | undefined;
};

const usable = (content: PostContent | undefined): content is PostContent =>
	content !== undefined && typeof content.html === 'string' && content.html.trim() !== '' && typeof content.base === 'string';

/** Pick the body by the one order. */
export function chooseBody(post: BodyPost, candidates: BodyCandidates): ArticleBody {
	const fallbackBase = post.link ?? post.feed.url;
	if (usable(candidates.fullText)) {
		return {html: candidates.fullText.html, base: candidates.fullText.base || fallbackBase, source: 'full-text', fullTextFrom: candidates.fullText.from};
	}

	for (const [source, content] of [['content', candidates.content], ['starred', candidates.starred]] as const) {
		if (usable(content)) {
			return {html: content.html, base: content.base || fallbackBase, source};
		}
	}

	if (usable(candidates.fetched)) {
		const {fetched} = candidates;
		return {html: fetched.html, base: fetched.base || fallbackBase, source: 'full-text', fullTextFrom: fetched.from};
	}

	return {html: textToHtml(sanitizeText(post.summary ?? '')), base: fallbackBase, source: 'summary'};
}

/** The cached candidates of a post: its full text and its feed body, from the cache directory. */
export function cachedCandidates(post: BodyPost, cacheDirectory?: string): Pick<BodyCandidates, 'fullText' | 'content'> {
	return {
		fullText: readFullText(post.feed.url, post.id, cacheDirectory),
		content: readBody(post.feed.url, post.id, cacheDirectory),
	};
}
