// Marked-terminal ships no types, and @types/marked-terminal pins marked <12 (ink-notes §5).
declare module 'marked-terminal' {
	import type {MarkedExtension} from 'marked';

	type Style = (text: string) => string;

	export type MarkedTerminalOptions = {
		code?: Style;
		blockquote?: Style;
		html?: Style;
		heading?: Style;
		firstHeading?: Style;
		hr?: Style;
		listitem?: Style;
		list?: (body: string, ordered: boolean, indent: string) => string;
		table?: Style;
		paragraph?: Style;
		strong?: Style;
		em?: Style;
		codespan?: Style;
		del?: Style;
		link?: Style;
		href?: Style;
		text?: Style;
		unescape?: boolean;
		emoji?: boolean;
		width?: number;
		showSectionPrefix?: boolean;
		reflowText?: boolean;
		tab?: number | string;
		tableOptions?: Record<string, unknown>;
		image?: (href: string, title: string | null, text: string) => string;
	};

	export function markedTerminal(options?: MarkedTerminalOptions, highlightOptions?: Record<string, unknown>): MarkedExtension;
}
