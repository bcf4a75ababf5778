/** `10 MB`, `64 KB`, `1000 bytes`: a byte limit as the one-line errors name it. */
export function formatBytes(bytes: number): string {
	const mb = 1024 * 1024;
	if (bytes >= mb && bytes % mb === 0) {
		return `${bytes / mb} MB`;
	}

	if (bytes >= 1024 && bytes % 1024 === 0) {
		return `${bytes / 1024} KB`;
	}

	return `${bytes} bytes`;
}
