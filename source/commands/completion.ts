import {readPreferences} from '../store/preferences.js';
import {exitCode, UsageError, type Command} from './context.js';
import {knownFlags} from './flag-check.js';
import {allFields} from './post-fields.js';

/**
`evnews completion bash|zsh|fish`: a completion script with the commands, the flags, the `--fields` values and the
configured feed URLs (as they are now: run it again after adding feeds).
*/

/** Fish's argument spec for one flag: `--fields` and `--feed` complete their values, other string flags take one. */
function fishExtra(name: string, kind: string, fields: string, urls: string[]): string {
	if (name === 'fields') {
		return ` -x -a '${fields}'`;
	}

	if (name === 'feed') {
		return ` -r -a '${urls.join(' ')}'`;
	}

	return kind === 'string' ? ' -r' : '';
}

const commandNames = ['read', 'feeds', 'import', 'export', 'mark-read', 'mark-unread', 'star', 'unstar', 'unread', 'config', 'completion', 'schema'];

/** Shell-safe URLs only (no quotes, spaces or controls: left out rather than escaped), and none with a login in it. */
function safeWords(words: string[]): string[] {
	return words.filter(word => /^[\w%+=:,./~#?&-]+$/.test(word));
}

export function completionScript(shell: string, feeds: string[]): string {
	const flags = Object.keys(knownFlags).map(name => `--${name}`);
	const urls = safeWords(feeds);
	const fields = allFields.join(' ');
	switch (shell) {
		case 'bash': {
			return `# evnews completion for bash
_evnews() {
	local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
	case "$prev" in
		--fields) COMPREPLY=($(compgen -W "${fields}" -- "\${cur##*,}")); return ;;
		--feed) COMPREPLY=($(compgen -W "${urls.join(' ')}" -- "$cur")); return ;;
		--template|import) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "${flags.join(' ')}" -- "$cur"))
	elif [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W "${commandNames.join(' ')}" -- "$cur"))
	elif [[ \${COMP_WORDS[1]} == completion ]]; then
		COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
	fi
}
complete -o default -F _evnews evnews
`;
		}

		case 'zsh': {
			return `#compdef evnews
# evnews completion for zsh
_evnews() {
	local -a commands flags fields feeds
	commands=(${commandNames.join(' ')})
	flags=(${flags.join(' ')})
	fields=(${fields})
	feeds=(${urls.join(' ')})
	case $words[CURRENT-1] in
		--fields) compadd -S '' -q -- $fields; return ;;
		--feed) compadd -- $feeds; _files; return ;;
		--template|import) _files; return ;;
	esac
	if [[ $words[CURRENT] == -* ]]; then
		compadd -- $flags
	elif (( CURRENT == 2 )); then
		compadd -- $commands
	elif [[ $words[2] == completion ]]; then
		compadd -- bash zsh fish
	fi
}
compdef _evnews evnews
`;
		}

		case 'fish': {
			const lines = ['# evnews completion for fish', 'complete -c evnews -f', `complete -c evnews -n '__fish_use_subcommand' -a '${commandNames.join(' ')}'`];
			for (const [name, kind] of Object.entries(knownFlags)) {
				const extra = fishExtra(name, kind, fields, urls);
				lines.push(`complete -c evnews -l ${name}${extra}`);
			}

			lines.push('complete -c evnews -n \'__fish_seen_subcommand_from completion\' -a \'bash zsh fish\'');
			return lines.join('\n') + '\n';
		}

		default: {
			throw new UsageError('completion takes bash, zsh or fish', 'e.g. evnews completion bash > ~/.local/share/bash-completion/completions/evnews');
		}
	}
}

export const completionCommand: Command = async context => {
	const [shell, ...rest] = context.input;
	if (shell === undefined || rest.length > 0) {
		throw new UsageError('completion takes one shell: bash, zsh or fish', 'e.g. evnews completion bash');
	}

	let feeds: string[] = [];
	try {
		feeds = readPreferences(context.io.env).preferences.feeds.map(feed => feed.url);
	} catch {}

	context.io.stdout.write(completionScript(shell, feeds));
	return exitCode.ok;
};
