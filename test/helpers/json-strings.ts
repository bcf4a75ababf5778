/** Every string inside a parsed JSON value (object values and array items, recursively). */
export function jsonStrings(value: unknown): string[] {
	if (typeof value === 'string') {
		return [value];
	}

	if (Array.isArray(value)) {
		return value.flatMap(item => jsonStrings(item));
	}

	if (value && typeof value === 'object') {
		return Object.values(value).flatMap(item => jsonStrings(item));
	}

	return [];
}
