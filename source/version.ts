/** The evnews version, read once (User-Agent, --version). */
export const version = '0.1.0';
