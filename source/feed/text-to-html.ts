// Plain text as HTML: on its own so that the reader and `evnews read` use it without loading the feed parser.

function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Plain text → HTML paragraphs (blank lines separate paragraphs; single newlines become `<br>`). */
export function textToHtml(text: string): string {
	return text
		.replaceAll(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map(paragraph => paragraph.trim())
		.filter(paragraph => paragraph !== '')
		.map(paragraph => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
		.join('\n');
}
