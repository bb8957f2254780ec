/**
 * The architecture's rules, checked on the import graph (npm run lint): no cycles (of imports that
 * run; a type may name a type that names it back);
 * domain/ imports nothing but domain/; the interfaces (api/, fhir/, auth/) never reach the store;
 * services/ never reach an interface or the store. See README "Architecture".
 */
export default {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle means two modules are one: split the shared part out.', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    { name: 'domain-is-pure', severity: 'error', comment: 'domain/ is pure rules: it imports only domain/.', from: { path: '^src/domain/' }, to: { path: '^src/', pathNot: '^src/domain/' } },
    {
      name: 'interfaces-use-services',
      severity: 'error',
      comment: 'Interfaces reach data only through the use cases (services/).',
      from: { path: '^src/(api|fhir|auth|web)/' },
      to: { path: '^src/(store|entry)/|^src/app\\.ts$' },
    },
    {
      name: 'services-know-no-interface',
      severity: 'error',
      comment: 'Use cases depend on the domain and their own ports only.',
      from: { path: '^src/services/' },
      to: { path: '^src/(api|fhir|auth|web|store|entry|demo)/|^src/app\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|src/fhir/validation/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
