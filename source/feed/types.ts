/**
Shared shapes of the feed engine. Plain data only: everything here is JSON-serialisable.
*/

export type FeedRef = {
	title: string;
	url: string;
};

/** One normalised, sanitised post. The field order is the `--json` field order. */
export type Post = {
	/** Short, stable id: a hash of the feed URL plus guid, else link, else title and date. */
	id: string;
	guid: string | undefined;
	title: string;
	/** Absolute http(s) URL, or null. */
	link: string | null;
	author: string | null;
	/** ISO 8601 UTC, or null when missing or unparseable. */
	published: string | null;
	updated: string | null;
	categories: string[];
	/** Plain text, at most about 280 characters. */
	summary: string;
	/** Absolute http(s) URL, or null. */
	image: string | null;
	/** Podcast and video files (and other attachments), at most `limits.maxEnclosures`. */
	enclosures: Enclosure[];
	feed: FeedRef;
};

/** One enclosure: RSS `<enclosure>`, Atom `rel="enclosure"`, `media:content`, JSON Feed `attachments`. */
export type Enclosure = {
	/** Absolute http(s) URL, sanitised. */
	url: string;
	/** MIME type as the feed gives it (lowercase), or null. */
	type: string | null;
	/** Size in bytes, or null when missing or not a positive whole number. */
	length: number | null;
	/** Duration in seconds, or null. */
	duration: number | null;
};

/** The article body of a post, kept apart from the slim post so that lists never read bodies. */
export type PostContent = {
	/** The item's HTML (sanitised), for the reader and for `--fields content`. */
	html: string;
	/** Base URL to resolve relative links in `html` against. */
	base: string;
};

export type ParsedPost = Post & PostContent;

export type ParsedFeed = {
	format: 'rss' | 'rdf' | 'atom' | 'json';
	title: string;
	/** Site link of the feed, absolute, or null. */
	link: string | null;
	posts: ParsedPost[];
	/** The document ended early: `posts` are the complete items before the break (merge them with the cached ones). */
	truncated: boolean;
	/** Items read or seen but not kept: past `limits.maxItems`, plus duplicates. */
	droppedItems: number;
	/** Non-fatal problems (truncated document, dropped items…), one line each. */
	warnings: FeedWarning[];
};

/** A non-fatal problem: a stable code to test on, and one sanitised line for people. */
export type FeedWarning = {
	code: 'too-many-items' | 'truncated' | 'undefined-entities' | 'duplicates' | 'no-items' | 'content-type';
	text: string;
};

/** HTTP validators and politeness state, kept per feed. */
export type Validators = {
	etag?: string;
	lastModified?: string;
};

/** One feed's cache snapshot on disk (slim: bodies live in a separate content file). */
export type FeedSnapshot = {
	version: 1;
	url: string;
	title: string;
	link: string | null;
	posts: Post[];
	validators: Validators;
	/** ISO time of the last successful fetch and parse. */
	lastSuccess: string | null;
	/** The last error, one sanitised line, or null after a success. */
	lastError: {code: string; message: string; at: string} | null;
	/** ISO time before which the feed must not be fetched again (Retry-After), or null. */
	nextAllowed: string | null;
	/** ISO time of the last fetch attempt. */
	lastAttempt: string | null;
};
