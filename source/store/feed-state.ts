import type {FeedSnapshot, Validators} from '../feed/types.js';

/**
A feed's small state record, `<key>.state.json`, apart from its posts: validators per request URL (query
included: WordPress gives every `?paged=N` page the same ETag), and the times and error of the last fetch.
A 304 or a failure rewrites only this record.
*/
export type FeedState = {
	version: 2;
	url: string;
	/** By request URL. */
	validators: Record<string, Validators>;
	lastSuccess: string | null;
	lastError: FeedSnapshot['lastError'];
	nextAllowed: string | null;
	lastAttempt: string | null;
};

export function isFeedState(value: unknown): value is FeedState {
	const v = value as FeedState;
	return typeof v === 'object' && v !== null && v.version === 2 && typeof v.url === 'string'
		&& typeof v.validators === 'object' && v.validators !== null && !Array.isArray(v.validators);
}

export function emptyState(url: string): FeedState {
	return {version: 2, url, validators: {}, lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null};
}

function cleanValidators(validators: Validators): Validators {
	return {
		...(typeof validators.etag === 'string' ? {etag: validators.etag} : {}),
		...(typeof validators.lastModified === 'string' ? {lastModified: validators.lastModified} : {}),
	};
}

/** The state of a snapshot, keeping the validators of the feed's other request URLs from `previous`. */
export function stateOf(snapshot: FeedSnapshot, previous: FeedState | undefined): FeedState {
	const validators = {...previous?.validators};
	const own = cleanValidators(snapshot.validators);
	if (Object.keys(own).length > 0) {
		validators[snapshot.url] = own;
	} else {
		delete validators[snapshot.url];
	}

	return {
		version: 2,
		url: snapshot.url,
		validators,
		lastSuccess: snapshot.lastSuccess,
		lastError: snapshot.lastError,
		nextAllowed: snapshot.nextAllowed,
		lastAttempt: snapshot.lastAttempt,
	};
}

/** Validators for one request URL of this feed (another page of it has its own). */
export function validatorsFor(state: FeedState | undefined, requestUrl: string): Validators {
	const found = state?.validators[requestUrl];
	return found ? cleanValidators(found) : {};
}
