import chalk from 'chalk';

export type TextStyle = {
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
};

/**
Style a line as Ink's `<Text>` would (same chalk instance, same order: dim, colour, bold, inverse), for lines that
are composed before Ink sees them. Colours are chalk's named colours (the theme's).
*/
export function styleLine(text: string, {color, bold = false, dim = false, inverse = false}: TextStyle): string {
	let result = text;
	if (dim) {
		result = chalk.dim(result);
	}

	if (color && color in chalk) {
		result = (chalk[color as 'red'])(result);
	}

	if (bold) {
		result = chalk.bold(result);
	}

	if (inverse) {
		result = chalk.inverse(result);
	}

	return result;
}
