// Empty: see npm-stubs/README.md.
module.exports = {};
