declare module 'jq-web' {
	type JqWeb = {
		raw: (json: string, filter: string, flags?: string[]) => string | undefined;
		json: (value: unknown, filter: string) => unknown;
	};
	const jq: Promise<JqWeb>;
	export default jq;
}
