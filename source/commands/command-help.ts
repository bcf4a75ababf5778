/** `evnews COMMAND --help`: each subcommand's own usage. */
export const commandHelp: Record<string, string> = {
	read: `Usage: evnews read ID [--json|--jsonl]
Print one post from the cache (or a starred post) and mark it read.
Markdown when piped, the rendered article through $PAGER on a terminal.
--json prints the post with its content and leaves the mark alone.
Exit codes: 0 printed; 1 no post with that id; 2 usage.`,
	feeds: `Usage: evnews feeds [--json]
       evnews feeds add URL|SITE
       evnews feeds rm URL|N
List the feeds (title, URL, posts, unread, last success, last error, next fetch), add one (a site URL is
searched for its feed), or remove one (its marks are kept).
Exit codes: 0 done; 1 the feed could not be fetched or the file written; 2 usage.`,
	import: `Usage: evnews import FILE.opml
Import feeds from OPML 1.0/2.0; folders become categories. Feeds already present are kept.
Exit codes: 0 done; 1 the file could not be read or written; 2 usage.`,
	export: `Usage: evnews export > feeds.opml
Write the feeds as OPML 2.0 to stdout.
Exit codes: 0 done; 1 the preferences could not be read; 2 usage.`,
	'mark-read': `Usage: evnews mark-read ID…
       evnews mark-read --all [--category NAME] [--feed URL]
Mark posts read. An id printed by any command works while the post is cached or starred.
Exit codes: 0 done; 1 an id was unknown (the known ones are applied) or the marks could not be written; 2 usage.`,
	'mark-unread': `Usage: evnews mark-unread ID…
Mark posts unread.
Exit codes: 0 done; 1 an id was unknown or the marks could not be written; 2 usage.`,
	star: `Usage: evnews star ID…
Star posts; a starred post is kept (with its article) after it leaves its feed.
Exit codes: 0 done; 1 an id was unknown or the marks could not be written; 2 usage.`,
	unstar: `Usage: evnews unstar ID…
Unstar posts.
Exit codes: 0 done; 1 an id was unknown or the marks could not be written; 2 usage.`,
	unread: `Usage: evnews unread [--json] [--category NAME] [--feed URL]
Count unread posts (by feed and category with --json).
Exit codes: 0 done; 1 nothing could be read; 2 usage.`,
	config: `Usage: evnews config [--json]
Show the file paths and the effective preferences.
Exit codes: 0 done; 2 usage.`,
	completion: `Usage: evnews completion bash|zsh|fish
Print a shell completion script. For bash: evnews completion bash > ~/.local/share/bash-completion/completions/evnews
Exit codes: 0 done; 2 usage.`,
	schema: `Usage: evnews schema [posts|post|feeds|unread|categories]
Print the JSON Schema (draft 2020-12) of a --json output: posts (evnews --json, the default), post (one line of
--jsonl, or read ID --json), feeds, unread, categories (each COMMAND --json).
Exit codes: 0 done; 2 usage.`,
};
