from sunbula.cli import main

main()
