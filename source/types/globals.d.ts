// ES2024 string methods that Node 20 has but the ES2023 lib does not declare.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
interface String {
	toWellFormed(): string;
	isWellFormed(): boolean;
}
