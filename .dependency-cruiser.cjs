/** The layering rules (README "Architecture"); `npm test` fails when one is broken. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means two parts cannot be understood, tested or changed apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lower-layers-stay-below-modules',
      comment: 'http/, db/, payment/ (providers), ratelimit/, sms/ and the app-wide helpers serve the modules; they never import one.',
      severity: 'error',
      from: { path: '^src/(http|db|payment|ratelimit|sms)/|^src/(time|env|config)\\.ts$' },
      to: { path: '^src/(modules|worker)/|^src/(app|deps|server)\\.ts$' },
    },
    {
      name: 'modules-meet-through-their-index',
      comment: "A module uses another only through that module's index.ts (its public functions and types), never its repo or internals.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-modules-through-their-index',
      comment: 'The app, the worker and the commands use a module through its index.ts too.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'src-never-imports-tests-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
}
