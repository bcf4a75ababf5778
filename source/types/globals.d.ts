// ES2024 string methods that Node 20 has but the ES2023 lib does not declare.
interface String {
	toWellFormed(): string;
	isWellFormed(): boolean;
}
