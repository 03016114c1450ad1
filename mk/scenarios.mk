# Namespace scenarios (testing/pluto/, see its README.md); they need root.
#   make scenario NAME=basic-ping          one scenario
#   make scenario NAME=x SCENARIO_ARGS=--update   accept its new output
#   make scenarios                         all of them (the pluto-host suite)
# The programs are built first; VARIANT=asan runs the ASan+UBSan ones.

.PHONY: scenario scenarios

scenario: programs
	@test -n "$(NAME)" || { echo "usage: make scenario NAME=<scenario> [SCENARIO_ARGS='--keep --update --timeout S']" >&2; exit 2; }
	testing/pluto/run.sh --builddir $(BUILDDIR) $(SCENARIO_ARGS) $(NAME)

scenarios: programs
	testing/pluto/run.sh --builddir $(BUILDDIR) $(SCENARIO_ARGS)
