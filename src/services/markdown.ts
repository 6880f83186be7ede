/**
 * Text put into Markdown (report files; Teams' TextBlocks and facts) so that it reads as typed
 * and nothing in it is markup: no link, image, autolink, HTML, entity, emphasis, code, heading,
 * list, quote, rule or table. CommonMark lets any ASCII punctuation be escaped with a backslash,
 * which then stands for itself; only what can start markup is escaped, so a report stays
 * readable as a file. Bare web and e-mail addresses are broken up the same way (`https\://`,
 * `www\.`, `\@`), so that readers which make links of them (GitHub's extensions, Teams) do not.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~@]/g, '\\$&')
    .replace(/^([ \t]*)([#+=-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.');
}
