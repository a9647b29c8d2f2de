import { App } from 'cdktf';
import { fleet } from './environments';
import { addPreparedFleet, fleetSummary, KitValidationError, prepareFleet, synthesizesHcl } from './lib';

// The default app: one stack per environment in environments.ts, written to cdktf.out/.
// SYNTH_HCL_OUTPUT=true or 1 (npm run synth:hcl; cdktf's own switch) writes Terraform HCL instead,
// to cdktf.out.hcl/, the way out of CDKTF towards plain Terraform or OpenTofu.
const hcl = synthesizesHcl();
try {
  // Validate (and find credentials) before the App exists: an App creates its output folder.
  const prepared = prepareFleet(fleet);
  // Under the cdktf CLI (`cdktf synth|deploy`), CDKTF_OUTDIR names the folder the CLI reads back.
  const outdir = process.env.CDKTF_OUTDIR ?? (hcl ? 'cdktf.out.hcl' : 'cdktf.out');
  const app = new App({ outdir, hclOutput: hcl });
  addPreparedFleet(app, prepared);
  app.synth();
  process.stderr.write(`${fleetSummary(prepared.environments)}\n`);
} catch (error) {
  if (error instanceof KitValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
