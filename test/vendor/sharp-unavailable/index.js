'use strict';
// See package.json: the moondream client calls sharp only for raw images, which tests never pass.
module.exports = function sharp() {
  throw new Error(
    'sharp is not installed in segmask tests: pass images to the moondream client as { imageUrl }.',
  );
};
