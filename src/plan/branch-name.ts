/**
 * Why `name` cannot be a branch name (the rules of `git check-ref-format`, which the API enforces), or
 * undefined when it can.
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name === "@") return 'git reserves "@"';
  if (name.startsWith("refs/")) return 'give the branch name without "refs/heads/"';
  if (/[\s~^:?*[\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) {
    return "it contains a space, a control character or one of ~ ^ : ? * [ \\";
  }
  if (name.includes("..") || name.includes("@{") || name.includes("//"))
    return 'it contains "..", "@{" or "//"';
  if (/^[/.-]|[/.]$|\.lock$|\/\.|\.lock\//.test(name)) {
    return 'it starts with "/", "." or "-", ends with "/", "." or ".lock", or has a part starting with "."';
  }
  return undefined;
}
