/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  ignoreConfig: ['all'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleDocSectionInclude: ['Rule details', 'Examples', 'Type information', 'When Not To Use It'],
  ruleDocSectionOptions: true,
  ruleListSplit: 'meta.docs.concern',
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'fixable'],
  urlRuleDoc: 'https://github.com/eslint-plugin-scalability/eslint-plugin-scalability/blob/main/docs/rules/{name}.md',
};

export default config;
