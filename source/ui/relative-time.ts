/** "3 min ago", "2 h ago", "5 d ago", then the date. */
export function relativeTime(iso: string | null, now: number): string {
	if (!iso) {
		return '';
	}

	const time = Date.parse(iso);
	if (Number.isNaN(time)) {
		return '';
	}

	const seconds = Math.round((now - time) / 1000);
	if (seconds < -60) {
		return new Date(time).toISOString().slice(0, 10);
	}

	if (seconds < 60) {
		return 'just now';
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes} min ago`;
	}

	const hours = Math.floor(minutes / 60);
	if (hours < 24) {
		return `${hours} h ago`;
	}

	const days = Math.floor(hours / 24);
	if (days < 30) {
		return `${days} d ago`;
	}

	return new Date(time).toISOString().slice(0, 10);
}

