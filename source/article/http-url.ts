/** An http(s) URL as its `href`, with any user and password removed; anything else (or unparsable) is undefined. */
export function httpUrlWithoutLogin(value: unknown): string | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}

	try {
		// The URL parser trims surrounding whitespace and C0 controls itself.
		const url = new URL(value);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			return undefined;
		}

		url.username = '';
		url.password = '';
		return url.href;
	} catch {
		return undefined;
	}
}
