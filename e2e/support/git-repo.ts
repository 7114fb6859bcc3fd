// The e2e journeys use the same real-repository helpers as the unit tests.
export { git, tempRepo as makeRepo } from '../../electron/core/testing/temp-repo';
