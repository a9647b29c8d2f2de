import { Testing } from 'cdktf';

// Adds toHaveResource, toHaveResourceWithProperties, ... to expect.
Testing.setupJest();
