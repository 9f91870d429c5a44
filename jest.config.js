// Nest 12 ships ESM only; jest runs CommonJS, so node_modules are transformed too.
const swcJest = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    // The build's .swcrc excludes specs; jest compiles them with the options above.
    swcrc: false,
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swcJest },
  // More and more of node_modules is ESM-only (Nest, Fastify plugins and their dependencies): transform
  // all of it, save the big CommonJS packages that never need it.
  transformIgnorePatterns: [
    '/node_modules/(typescript|@swc|better-sqlite3|jest[^/]*|@jest|zod|google-protobuf|@grpc|@eventstore|playwright-core)/',
  ],
  moduleNameMapper: {
    '^@orghealth/(analytics|domain|event-store|write-model|retry|config|demo|alerts)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60000,
};
