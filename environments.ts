import { SrsFleetSpec } from './lib';

/**
 * The environments `npm run synth` builds, one stack each. Edit this file, not the constructs.
 * Every field is optional but `name`; see the README's "Environment properties" for each default.
 */
export const fleet: SrsFleetSpec = {
  environments: [
    {
      name: 'staging',
    },
  ],
};
