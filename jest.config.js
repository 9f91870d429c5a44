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
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swcJest },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@fastify|fastify|find-my-way|light-my-request|path-to-regexp)/)'],
  moduleNameMapper: {
    '^@orghealth/(domain|event-store|ingest|config|demo)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60000,
};
