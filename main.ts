import { App } from 'cdktf';
import { fleet } from './environments';
import { addFleet, fleetSummary, KitValidationError } from './lib';

// The default app: one stack per environment in environments.ts, written to cdktf.out/.
// SRS_KIT_HCL=1 (npm run synth:hcl) writes Terraform HCL instead, to cdktf.out.hcl/.
const hcl = process.env.SRS_KIT_HCL === '1';
const app = new App({ outdir: hcl ? 'cdktf.out.hcl' : 'cdktf.out', hclOutput: hcl });
try {
  const { environments } = addFleet(app, fleet);
  app.synth();
  process.stderr.write(`${fleetSummary(environments)}\n`);
} catch (error) {
  if (error instanceof KitValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
