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
      comment:
        'domain/, http/, db/, providers/, ratelimit/, metrics/ and the app-wide helpers (time, env, config) serve ' +
        'the modules; they never import one.',
      severity: 'error',
      from: { path: '^src/(domain|http|db|providers|ratelimit|metrics)/|^src/(time|env|config)\\.ts$' },
      to: { path: '^src/(modules|worker|cli)/|^src/(app|deps|server)\\.ts$' },
    },
    {
      name: 'modules-speak-results-not-http',
      comment:
        'Modules and providers answer with domain/result.ts and domain/codes.ts; only http/ turns a result into ' +
        'an envelope and a status.',
      severity: 'error',
      from: { path: '^src/(modules|providers)/' },
      to: { path: '^src/http/(envelope|codes)\\.ts$' },
    },
    {
      name: 'only-commands-import-commands',
      comment: 'The commands sit on top: nothing the app is built from imports src/cli/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
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
