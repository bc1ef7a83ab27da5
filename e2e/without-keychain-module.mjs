// Loaded with `node --import` into the web-host process of an E2E run: `keytar` cannot be found,
// exactly as on a machine where the optional keychain module could not be built. The console
// then keeps sign-ins in memory and says so, and no test ever touches the keychain of the machine
// it runs on. The product has no switch for this; the test changes the machine instead.
// Plain JavaScript: a TypeScript file here would make every web-host start load Node's type
// stripper first (≈ 0.5 s per test on the shared machine).
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'keytar') {
      throw Object.assign(new Error(`Cannot find package 'keytar' imported from ${context.parentURL ?? 'the web host'}`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    return nextResolve(specifier, context);
  },
});
